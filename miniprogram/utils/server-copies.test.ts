/**
 * The mini program package cannot include server files (only miniprogram/ is uploaded), so a few
 * of the server's word lists are copied into utils/. This test holds each copy to its original.
 */
import { ROLE_NAMES as SERVER_ROLE_NAMES, CADRE_KIND_NAMES as SERVER_KIND_NAMES } from '../../server/features/people/schema';
import { ROLE_LEVELS as SERVER_ROLE_LEVELS } from '../../server/features/people/rules';
import { LEVEL_NAMES as SERVER_LEVEL_NAMES } from '../../server/features/org/schema';
import { getUnitAction } from '../../server/features/org/actions';
import { CADRE_KIND_NAMES, READER_ROLES, ROLE_LEVELS, ROLE_NAMES } from './roles';
import { LEVEL_NAMES } from './org';

it('keeps the role, level and cadre-kind names of the server', () => {
  expect(ROLE_NAMES).toEqual(SERVER_ROLE_NAMES);
  expect(CADRE_KIND_NAMES).toEqual(SERVER_KIND_NAMES);
  expect(LEVEL_NAMES).toEqual(SERVER_LEVEL_NAMES);
});

it('keeps where each role may be held, and who may browse the tree', () => {
  expect(ROLE_LEVELS).toEqual(SERVER_ROLE_LEVELS);
  expect([...READER_ROLES]).toEqual([...(getUnitAction.roles as readonly string[])]);
});

/** The api client (see client.ts): pages import from here. */
export { call, callFunction, setTransport, initBackend } from './client';
export type { Transport, CallRequest } from './client';
export { NETWORK_ERROR, TransportError } from './errors';
export type { TransportFailure } from './errors';
export { isLocalMode, localOpenid, setLocalOpenid, localPeople, localGroup, setLocalGroup } from './local';
export type { LocalPerson } from './local';
export { recordGrants } from './grants';
export type { Template, TemplateKey } from './grants';
export { upload } from './upload';
export { groupCloudId } from './group';
export type { Uploaded } from './upload';
export type { Answer, ErrorAnswer, OkAnswer, ActionName, InputOf, OutputOf } from '../../typings/api';

import { bucketFor, cloudPathProblem, contentTypeFor, envOfBucket, fileIdFor, parseFileId } from './paths';

describe('file IDs and buckets', () => {
  it('have CloudBase shapes: cloud://<env>.<hex>-<env>-<number>/<path>', () => {
    expect(bucketFor('local')).toBe('6c6f-local-1250000000');
    expect(bucketFor('prod-1a2b')).toBe('7072-prod-1a2b-1250000000');
    expect(fileIdFor('local', 'a/b c.png')).toBe('cloud://local.6c6f-local-1250000000/a/b c.png');
    expect(parseFileId('cloud://local.6c6f-local-1250000000/a/b c.png')).toEqual({ env: 'local', bucket: '6c6f-local-1250000000', path: 'a/b c.png' });
  });

  it('tell a bucket of ours from any other', () => {
    expect(envOfBucket('6c6f-local-1250000000')).toBe('local');
    expect(envOfBucket('6c6f-other-1250000000')).toBeUndefined();
    expect(envOfBucket('nonsense')).toBeUndefined();
  });

  it.each([undefined, 3, '', 'a.png', 'https://x/y', 'cloud://local/a.png', 'cloud://local.bucket/'])('%p is not a file ID', (id) => {
    expect(parseFileId(id)).toBeUndefined();
  });
});

describe('cloud path rules', () => {
  it.each(['a.png', 'a/b/c.txt', '巡查/2026-03-02/照片 1.jpg', "it's (1)!.png", 'x'.repeat(850)])('accepts %s', (p) => {
    expect(cloudPathProblem(p)).toBeUndefined();
  });

  it.each([
    ['', 'empty'], ['/a.png', 'leading slash'], ['a//b.png', 'double slash'], ['a/', 'folder'], ['x'.repeat(851), 'over 850 bytes'],
    ['中'.repeat(284), 'over 850 bytes in UTF-8'], ['a\u0018b', 'control character'], ['a\nb', 'line break'], ['a#b', '#'], ['a%20b', '%'],
    ['a?b', '?'], ['a\\b', 'backslash'], ['a/../b', '..'], ['./a', '.'], ['a<b>', '<>'],
  ])('refuses %p (%s)', (p) => {
    expect(cloudPathProblem(p)).toEqual(expect.any(String));
  });

  it('refuses what is not a string', () => {
    expect(cloudPathProblem(undefined)).toEqual(expect.any(String));
    expect(cloudPathProblem(12)).toEqual(expect.any(String));
  });
});

describe('content types', () => {
  it('come from the extension, octet-stream otherwise', () => {
    expect(contentTypeFor('a/b.JPG')).toBe('image/jpeg');
    expect(contentTypeFor('a.xlsx')).toMatch(/spreadsheetml/);
    expect(contentTypeFor('noext')).toBe('application/octet-stream');
  });
});

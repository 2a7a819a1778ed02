import { createHash } from 'node:crypto';
import { digest, sha256 } from '../../lib/plan/fingerprint';

describe('fingerprint', () => {
  it('sha256 is the hex digest of the text', () => {
    expect(sha256('meshops')).toBe(createHash('sha256').update('meshops').digest('hex'));
    expect(sha256('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('a digest does not depend on key order, at any depth', () => {
    expect(digest({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(digest({ b: { d: 'x', c: [1, 2] }, a: 1 }));
  });

  it('list order, values and undefined members are what they are', () => {
    expect(digest([1, 2])).not.toBe(digest([2, 1]));
    expect(digest({ a: 1 })).not.toBe(digest({ a: '1' }));
    // Undefined members are absent in JSON.
    expect(digest({ a: 1, b: undefined })).toBe(digest({ a: 1 }));
    expect(digest({ a: null })).not.toBe(digest({}));
  });
});

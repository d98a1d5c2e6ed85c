/** The request body: serialized once, nulls stripped like the SDK, big integers kept, bad values named. */
import fc from 'fast-check';
import { serializeJsonBody } from '../../../cloud';

/** The SDK's deepRemoveNull, restated as the reference for the property below. */
function removeNullMembers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(removeNullMembers);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, removeNullMembers(v)]),
    );
  }
  return value;
}

describe('serializeJsonBody', () => {
  it('drops null object members at every depth but keeps null array elements, as the SDK does', () => {
    const body = serializeJsonBody({ A: null, B: { C: null, D: 1 }, E: [null, { F: null }] });
    expect(body).toBe('{"B":{"D":1},"E":[null,{}]}');
  });

  it('omits undefined members and writes undefined array elements as null, as JSON does', () => {
    expect(serializeJsonBody({ A: undefined, B: [undefined, 1] })).toBe('{"B":[null,1]}');
  });

  it('writes a bigint as its digits so 64-bit IDs survive', () => {
    expect(serializeJsonBody({ TaskId: 18446744073709551615n })).toBe('{"TaskId":18446744073709551615}');
  });

  it('keeps unicode and escapes what JSON must escape', () => {
    expect(serializeJsonBody({ RoomId: '房间"\n\u2028' })).toBe(JSON.stringify({ RoomId: '房间"\n\u2028' }));
  });

  it.each([
    [{ Start: new Date(0) }, /payload\.Start: must be plain JSON data/],
    [{ Layout: { Ratio: Number.NaN } }, /payload\.Layout\.Ratio: must be a finite number/],
    [{ List: [1, () => 2] }, /payload\.List\[1\]: cannot be a function/],
    [{ Key: Symbol('s') }, /payload\.Key: cannot be a symbol/],
  ])('refuses %p naming the field', (payload, message) => {
    expect(() => serializeJsonBody(payload)).toThrow(message);
  });

  it('equals JSON.stringify of the null-stripped payload for any JSON value', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ stringUnit: 'grapheme', maxDepth: 4 })), (payload) => {
        expect(serializeJsonBody(payload)).toBe(JSON.stringify(removeNullMembers(payload)));
      }),
      { numRuns: 300 },
    );
  });
});

import { Upcasters } from './upcasting';

describe('Upcasters', () => {
  const upcasters = new Upcasters([
    { type: 'appeal-logged', fromSchemaVersion: 2, upcast: (data) => ({ ...(data as object), v3: true }) },
    { type: 'appeal-logged', fromSchemaVersion: 1, upcast: (data) => ({ ...(data as object), v2: true }) },
  ]);

  it('chains every step from the stored version to the newest', () => {
    expect(upcasters.upcast('appeal-logged', 1, { a: 1 })).toEqual({
      schemaVersion: 3,
      data: { a: 1, v2: true, v3: true },
    });
  });

  it('starts from the stored version', () => {
    expect(upcasters.upcast('appeal-logged', 2, { a: 1 })).toEqual({
      schemaVersion: 3,
      data: { a: 1, v3: true },
    });
  });

  it('leaves other types and newest versions alone', () => {
    const data = { a: 1 };
    expect(upcasters.upcast('note-added', 1, data)).toEqual({ schemaVersion: 1, data });
    expect(upcasters.upcast('appeal-logged', 3, data).data).toBe(data);
  });

  it('refuses two upcasters for the same step', () => {
    const step = { type: 'x', fromSchemaVersion: 1, upcast: (data: unknown) => data };
    expect(() => new Upcasters([step, step])).toThrow(/Two upcasters/);
  });
});

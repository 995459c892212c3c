/**
 * Brings the data of one event type from one schema version to the next. Stored history is
 * never rewritten: old shapes are translated each time they are read. (The one exception is
 * plaintext that must not stay stored: docs/decisions/0017.)
 */
export interface Upcaster<From = unknown, To = unknown> {
  type: string;
  fromSchemaVersion: number;
  upcast(data: From): To;
}

/** The chain of upcasters, each applied while one matches, so readers see only the newest shape. */
export class Upcasters {
  private readonly byTypeAndVersion = new Map<string, Upcaster>();

  constructor(upcasters: readonly Upcaster[] = []) {
    for (const upcaster of upcasters) {
      const key = Upcasters.key(upcaster.type, upcaster.fromSchemaVersion);
      // Two upcasters for one step would make the result depend on registration order.
      if (this.byTypeAndVersion.has(key)) {
        throw new Error(
          `Two upcasters for ${upcaster.type} from schema version ${upcaster.fromSchemaVersion}`,
        );
      }
      this.byTypeAndVersion.set(key, upcaster);
    }
  }

  upcast(type: string, schemaVersion: number, data: unknown): { schemaVersion: number; data: unknown } {
    let version = schemaVersion;
    let current = data;
    // Ends: every step raises the version and there are finitely many upcasters.
    for (let step = this.byTypeAndVersion.get(Upcasters.key(type, version)); step;) {
      current = step.upcast(current);
      version += 1;
      step = this.byTypeAndVersion.get(Upcasters.key(type, version));
    }
    return { schemaVersion: version, data: current };
  }

  private static key(type: string, version: number): string {
    return `${version}:${type}`;
  }
}

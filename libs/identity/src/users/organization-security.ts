import type { Logger } from 'pino';
import { Database } from '@huquq/platform';
import { Actor, Role, ROLES } from '@huquq/shared-kernel';

/**
 * The organization's login requirements: which roles need a second factor. A setting of the
 * organization's row, not an account's history; each change is logged as a security event.
 */
export class OrganizationSecurity {
  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {}

  async get(orgId: string): Promise<{ secondFactorRoles: Role[] }> {
    const { rows } = await this.db.query<{ second_factor_roles: Role[] }>(
      'SELECT second_factor_roles FROM organizations WHERE id = $1',
      [orgId],
    );
    return { secondFactorRoles: rows[0]?.second_factor_roles ?? [] };
  }

  async set(actor: Actor, roles: Role[]): Promise<{ secondFactorRoles: Role[] }> {
    const secondFactorRoles = ROLES.filter((role) => roles.includes(role));
    await this.db.query('UPDATE organizations SET second_factor_roles = $2 WHERE id = $1', [
      actor.orgId,
      secondFactorRoles,
    ]);
    this.logger.info(
      {
        securityEvent: 'second_factor_requirement_changed',
        orgId: actor.orgId,
        userId: actor.userId,
        secondFactorRoles,
      },
      'second factor requirement changed',
    );
    return { secondFactorRoles };
  }
}

import { SetMetadata } from '@nestjs/common';
import { Role } from '@huquq/shared-kernel';

export const REQUIRED_ROLES = 'huquq:roles';

/** Only these roles may call the route; on a controller it applies to every route without its own. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_ROLES, roles);

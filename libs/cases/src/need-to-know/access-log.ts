import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { AccessLogPage } from './need-to-know.responses';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { CurrentActor, Roles } from '@huquq/identity';
import { decodeCursor, encodeCursor, TenantDatabase } from '@huquq/platform';
import { Actor, NotFound, requireId } from '@huquq/shared-kernel';

// Not a `.request.ts` file, so the swagger plugin does not read it: its schema is written here.
export class AccessLogRequest {
  @ApiPropertyOptional({ description: 'The nextCursor of the page before' })
  @IsOptional()
  @IsString()
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

const SUBJECTS = {
  case: { table: 'case_views', key: 'case_id', column: 'case_id' },
  user: { table: 'users', key: 'id', column: 'user_id' },
} as const;

interface ReadRow {
  read_id: string;
  user_id: string;
  role: string;
  action: string;
  case_id: string | null;
  client_id: string | null;
  at: Date;
}

/**
 * Who read whose personal data, newest first, for the organization's admins (decision 0096):
 * for one case, or by one user (whose log also shows `unusual-reading` entries). Ids only.
 */
@ApiTags('access log')
@ApiBearerAuth()
@Controller('v1')
@Roles('admin')
export class AccessLogController {
  constructor(private readonly db: TenantDatabase) {}

  @Get('cases/:id/access-log')
  @ApiOkResponse({ type: AccessLogPage })
  ofCase(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() page: AccessLogRequest) {
    return this.page(actor, 'case', requireId(id, 'case'), page);
  }

  @Get('users/:id/access-log')
  @ApiOkResponse({ type: AccessLogPage })
  ofUser(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() page: AccessLogRequest) {
    return this.page(actor, 'user', requireId(id, 'user'), page);
  }

  private async page(actor: Actor, of: keyof typeof SUBJECTS, id: string, request: AccessLogRequest) {
    const limit = request.limit ?? 50;
    const after = decodeCursor(request.cursor, ['position']);
    const { table, key, column } = SUBJECTS[of];
    const rows = await this.db.transaction(actor.orgId, async (tx) => {
      // Another organization's case or user is not found, as everywhere else.
      const known = await tx.query(`SELECT 1 FROM ${table} WHERE ${key} = $1 AND org_id = $2`, [
        id,
        actor.orgId,
      ]);
      if (!known.rowCount) throw new NotFound(of);
      const found = await tx.query<ReadRow>(
        `SELECT read_id, user_id, role, action, case_id, client_id, at FROM personal_data_reads
         WHERE org_id = $1 AND ${column} = $2 AND ($3::bigint IS NULL OR read_id < $3)
         ORDER BY read_id DESC LIMIT $4`,
        [actor.orgId, id, after ? after[0] : null, limit + 1],
      );
      return found.rows;
    });
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map((r) => ({
        userId: r.user_id,
        role: r.role,
        action: r.action,
        at: r.at.toISOString(),
        ...(r.case_id ? { caseId: r.case_id } : {}),
        ...(r.client_id ? { clientId: r.client_id } : {}),
      })),
      nextCursor: rows.length > limit && last ? encodeCursor([Number(last.read_id)]) : null,
    };
  }
}

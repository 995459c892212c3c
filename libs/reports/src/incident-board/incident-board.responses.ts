import { ApiProperty } from '@nestjs/swagger';

/** The raid board (the swagger plugin reads this file): counts only, never a name, a place's name or a case. */
export class HeldPeople {
  count: number;

  /** Since when the longest held of them is held. */
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  longestHeldSince: string | null;

  /** Held past their custody's legal limit. */
  clocksRunOut: number;
}

export class IncidentBoardResponse {
  @ApiProperty({ format: 'uuid' })
  incidentId: string;

  /** Everyone of the raid; the counts below add up to it (one state per person). */
  people: number;

  /** At a police station, a temporary detention centre or elsewhere. */
  held: HeldPeople;

  inCourt: number;
  specialInstitution: number;
  released: number;
  /** Closed as `deported`. */
  expelled: number;
  /** Not held, not released, and nobody has reached them yet. */
  notReached: number;
  /** Reached, not held: everyone else. */
  reached: number;

  @ApiProperty({ format: 'date-time' })
  asOf: string;
}

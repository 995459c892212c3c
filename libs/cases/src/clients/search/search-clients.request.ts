import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { IsCalendarDate } from '../../shared/validators';

/**
 * What intake knows of the person in front of them. Every field is personal data: it is turned
 * into blind-index probes and dropped, never stored, logged or echoed in an error.
 */
export class SearchClientsRequest {
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @IsOptional()
  @IsString()
  @Length(3, 40)
  passport?: string;

  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9][0-9 ()-]{4,24}$/, { message: 'must be a phone number such as +79161234567' })
  phone?: string;

  /** Narrows a name: a name with an agreeing date ranks above the name alone. */
  @IsOptional()
  @IsCalendarDate()
  birthDate?: string;

  /** Searching for this client's other records: people judged not to be them are left out. */
  @IsOptional()
  @IsUUID()
  forClientId?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}

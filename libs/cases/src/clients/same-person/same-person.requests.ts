import { IsUUID } from 'class-validator';

export class OtherClientRequest {
  @IsUUID()
  otherClientId!: string;
}

export class MergeClientRequest {
  @IsUUID()
  intoClientId!: string;
}

import type { Enrolment } from '../second-factor/second-factor';

/** The answers of the second factor's routes (the swagger plugin reads this file). */
export class EnrolmentResponse implements Enrolment {
  /** Base32, for typing into an authenticator app by hand. */
  secret: string;

  /** `otpauth://totp/…`, for a QR code. */
  otpauthUri: string;
}

export class RecoveryCodesResponse {
  /** Ten codes, each good for one login; shown this once. */
  recoveryCodes: string[];
}

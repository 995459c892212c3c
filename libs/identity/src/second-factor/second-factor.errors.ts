import { HuquqError } from '@huquq/platform';

/** Login found the password right, but the account needs its second factor (`otp`). */
export class SecondFactorRequired extends HuquqError {
  readonly status = 401;
  readonly code = 'second_factor_required';
  constructor(message = 'This account needs its one-time code: send it as "otp" with the password') {
    super(message);
  }
}

/** The organization requires a second factor of this role, and the user has none yet. */
export class SecondFactorEnrolmentRequired extends HuquqError {
  readonly status = 403;
  readonly code = 'second_factor_enrolment_required';
  constructor() {
    super('Your organization requires a second factor: enrol at POST /v1/auth/mfa/totp/enrol first');
  }
}

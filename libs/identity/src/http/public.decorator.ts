import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'huquq:public';

/** The route answers without a token (login, health). Everything else needs one: closed by default. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

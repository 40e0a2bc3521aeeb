import { Module } from '@nestjs/common';
import { RetellClient } from './retell.client.js';
import { RetellSignatureGuard } from './retell-signature.guard.js';

/** Retell's side of the wire: the REST client and the webhook signature check. No database. */
@Module({
  providers: [RetellClient, RetellSignatureGuard],
  exports: [RetellClient, RetellSignatureGuard],
})
export class RetellModule {}

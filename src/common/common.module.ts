import { Global, Module } from '@nestjs/common';
import { ChangeFeed } from './change-feed.js';
import { Clock } from './clock.js';

/** Providers every feature may inject. */
@Global()
@Module({ providers: [Clock, ChangeFeed], exports: [Clock, ChangeFeed] })
export class CommonModule {}

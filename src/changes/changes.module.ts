import { Module } from '@nestjs/common';
import { ChangeStream } from './change-stream.service.js';
import { ChangesController } from './changes.controller.js';

/** The console's live updates: committed changes as server-sent events. */
@Module({ controllers: [ChangesController], providers: [ChangeStream] })
export class ChangesModule {}

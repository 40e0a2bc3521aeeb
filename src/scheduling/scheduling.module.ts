import { Module } from '@nestjs/common';
import { InterviewScheduler } from './interview-scheduler.service.js';

/**
 * Interview booking and its notifications: one writer of interviews and their e-mails, used inside
 * the applier's transaction and by the recruiter endpoints that book, move or cancel.
 */
@Module({
  providers: [InterviewScheduler],
  exports: [InterviewScheduler],
})
export class SchedulingModule {}

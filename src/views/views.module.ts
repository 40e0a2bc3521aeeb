import { Module } from '@nestjs/common';
import { CandidateViews } from './candidate-views.service.js';

/** The candidate as the API shows it, assembled from its row, calls, interview and e-mails. */
@Module({
  providers: [CandidateViews],
  exports: [CandidateViews],
})
export class ViewsModule {}

import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, RECRUITER_ERRORS } from '../common/api-errors.js';
import { AnalyticsService } from './analytics.service.js';
import { AnalyticsQuery, TimeseriesQuery } from './dto/analytics.query.js';
import { AnalyticsSummary, AnalyticsTimeseries } from './dto/analytics-summary.view.js';

const BAD_QUERY = 'An invalid parameter, `from` after `to`, or an unknown zone: `details` names the field';
/** What a report past the reports' share of the database answers (ReportDatabase). */
const REPORT_BUDGET = {
  429: 'Too many requests for this API key (THROTTLE_LIMIT), or too many reports waiting (`report_queue_full`)',
  503: 'The report did not finish within DB_READ_TIMEOUT_MS (`report_timeout`), or the database is unavailable; retry after `Retry-After` seconds',
} as const;

@ApiTags('analytics')
@ApiBearerAuth()
@ApiErrors(RECRUITER_ERRORS)
@Controller('analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get('summary')
  @ApiOperation({
    summary: 'What the calls achieved and cost',
    description:
      'Calls in [from, to) by start_timestamp (or when recorded, if they never started): counts, rates, durations, cost, analysis values, booked interview slots, and the pipeline by status. Default range: the last 30 days.',
  })
  @ApiOkResponse({ type: AnalyticsSummary })
  @ApiErrors([400, 429, 503], { 400: BAD_QUERY, ...REPORT_BUDGET })
  summary(@Query() query: AnalyticsQuery): Promise<AnalyticsSummary> {
    return this.analytics.summary(query);
  }

  @Get('timeseries')
  @ApiOperation({
    summary: 'Calls per local day or week',
    description:
      'Buckets start at local midnight in tz (default DEFAULT_TIMEZONE), across DST; the range widens to whole buckets; empty buckets are zeros.',
  })
  @ApiOkResponse({ type: AnalyticsTimeseries })
  @ApiErrors([400, 429, 503], { 400: BAD_QUERY, ...REPORT_BUDGET })
  timeseries(@Query() query: TimeseriesQuery): Promise<AnalyticsTimeseries> {
    return this.analytics.timeseries(query);
  }
}

import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, RECRUITER_ERRORS } from '../common/api-errors.js';
import { AnalyticsService } from './analytics.service.js';
import { AnalyticsQuery, TimeseriesQuery } from './dto/analytics.query.js';
import { AnalyticsSummary, AnalyticsTimeseries } from './dto/analytics-summary.view.js';

const BAD_QUERY = 'An invalid parameter, `from` after `to`, or an unknown zone: `details` names the field';

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
  @ApiErrors([400], { 400: BAD_QUERY })
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
  @ApiErrors([400], { 400: BAD_QUERY })
  timeseries(@Query() query: TimeseriesQuery): Promise<AnalyticsTimeseries> {
    return this.analytics.timeseries(query);
  }
}

import { applyDecorators, Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, BODY_ERRORS, RECRUITER_ERRORS } from '../common/api-errors.js';
import { PageQuery, type Page } from '../common/paging.js';
import { ApiIdParam, ParseIdPipe } from '../common/parse-id.pipe.js';
import { CampaignsService } from './campaigns.service.js';
import { CampaignAudienceDto } from './dto/campaign-audience.dto.js';
import { CampaignCandidatePage, type CampaignCandidateView } from './dto/campaign-candidate.view.js';
import { CampaignPage, CampaignView } from './dto/campaign.view.js';
import { CreateCampaignDto } from './dto/create-campaign.dto.js';
import { ListCampaignCandidatesQuery } from './dto/list-campaign-candidates.query.js';

@ApiTags('campaigns')
@ApiBearerAuth()
@ApiErrors(RECRUITER_ERRORS)
@Controller('campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Post()
  @ApiOperation({ summary: 'Create a campaign (draft) with its candidates: ids and/or everyone matching a filter' })
  @ApiCreatedResponse({ type: CampaignView })
  @ApiErrors([...BODY_ERRORS], { 400: 'A field is invalid, or candidate_ids names unknown candidates (listed)' })
  create(@Body() dto: CreateCampaignDto): Promise<CampaignView> {
    return this.campaigns.create(dto);
  }

  @Get()
  @ApiOperation({ summary: 'List campaigns, newest first' })
  @ApiOkResponse({ type: CampaignPage })
  @ApiErrors([400], { 400: 'A cursor that is not a next_cursor of this endpoint' })
  list(@Query() query: PageQuery): Promise<Page<CampaignView>> {
    return this.campaigns.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A campaign, with its candidates counted per state' })
  @ApiIdParam()
  @ApiOkResponse({ type: CampaignView })
  @ApiErrors([400, 404], { 404: 'No campaign with this id (campaign_not_found)' })
  get(@Param('id', ParseIdPipe) id: number): Promise<CampaignView> {
    return this.campaigns.get(id);
  }

  @Get(':id/candidates')
  @ApiOperation({ summary: "A campaign's candidates in the order they were added, optionally of one state" })
  @ApiIdParam()
  @ApiOkResponse({ type: CampaignCandidatePage })
  @ApiErrors([400, 404], { 404: 'No campaign with this id (campaign_not_found)' })
  listCandidates(
    @Param('id', ParseIdPipe) id: number,
    @Query() query: ListCampaignCandidatesQuery,
  ): Promise<Page<CampaignCandidateView>> {
    return this.campaigns.listCandidates(id, query);
  }

  @Post(':id/candidates')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Add candidates (ids and/or a filter); those already in the campaign stay as they are' })
  @ApiIdParam()
  @ApiOkResponse({ type: CampaignView })
  @ApiErrors([...BODY_ERRORS, 404, 409], {
    400: 'A field is invalid, or candidate_ids names unknown candidates (listed)',
    404: 'No campaign with this id (campaign_not_found)',
    409: 'campaign_transition_not_allowed: the campaign is completed or cancelled',
  })
  addCandidates(@Param('id', ParseIdPipe) id: number, @Body() dto: CampaignAudienceDto): Promise<CampaignView> {
    return this.campaigns.addCandidates(id, dto);
  }

  @Post(':id/start')
  @CampaignAction('Start a draft campaign: it begins dialling its queued candidates within their calling hours')
  start(@Param('id', ParseIdPipe) id: number): Promise<CampaignView> {
    return this.campaigns.act(id, 'start');
  }

  @Post(':id/pause')
  @CampaignAction('Pause a running campaign: no new dials; calls in progress finish and are settled')
  pause(@Param('id', ParseIdPipe) id: number): Promise<CampaignView> {
    return this.campaigns.act(id, 'pause');
  }

  @Post(':id/resume')
  @CampaignAction('Resume a paused campaign')
  resume(@Param('id', ParseIdPipe) id: number): Promise<CampaignView> {
    return this.campaigns.act(id, 'resume');
  }

  @Post(':id/cancel')
  @CampaignAction('Cancel a campaign: no attempt is made any more; calls in progress finish')
  cancel(@Param('id', ParseIdPipe) id: number): Promise<CampaignView> {
    return this.campaigns.act(id, 'cancel');
  }
}

/** The decorators of a lifecycle action: 200 with the campaign, 404, 409 when impossible from its status. */
function CampaignAction(summary: string): MethodDecorator {
  return applyDecorators(
    HttpCode(HttpStatus.OK),
    ApiOperation({ summary }),
    ApiIdParam(),
    ApiOkResponse({ type: CampaignView }),
    ApiErrors([400, 404, 409, 503], {
      404: 'No campaign with this id (campaign_not_found)',
      409: 'campaign_transition_not_allowed: impossible from the campaign status (details.status)',
      503: 'calling_not_configured (start, resume): RETELL_FROM_NUMBER or an agent is not set',
    }),
  );
}

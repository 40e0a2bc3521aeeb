import { PageOf } from '../../common/paging.js';
import { CandidateView } from '../../views/candidate.view.js';

export class CandidatePageDto extends PageOf(CandidateView, 'CandidatePageDto') {}

// What the rehearsal's live screen reads: the runner's progress and each site's link, as types.
export type {BandwidthState, RehearsalProgress} from '../hub/rehearsal.js';
export type {SiteLink} from '../hub/monitor.js';

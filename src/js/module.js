// The ES module entry (dist/leadscore.mjs) for bundlers: its files sit beside the module.
import { install } from './loader.js';

install(new URL('./', import.meta.url).href);

export const LeadScore = window.LeadScore;
export default LeadScore;

// The classic-script entry (dist/leadscore.js): its files sit beside the script's own URL.
import { install } from './loader.js';

const src = (document.currentScript || {}).src || '';
install(src.slice(0, src.lastIndexOf('/') + 1));

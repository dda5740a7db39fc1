// The classic-script entry (dist/leadscore.js): its files sit beside the script's own URL.
import { install } from './loader.js';

const script = document.currentScript;
install(script && script.src ? script.src.slice(0, script.src.lastIndexOf('/') + 1) : '');

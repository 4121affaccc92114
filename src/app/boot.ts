// Imported first by main.tsx, so that it runs before the other modules of the page's script are
// evaluated and before its first render: the database's worker and wasm, and the bundled sample,
// start loading at once (both are asked for again, once loaded, by the page).
import { startEngine } from '../queries/engine';
import { fetchSampleExtract } from './sample-data';

startEngine().catch(() => undefined);
fetchSampleExtract().catch(() => undefined);

import { defineCommand } from '../src/cli/define-command.js';
import { FshareError } from '../src/errors.js';

// Placeholder until this command lands; it fails loudly rather than pretending to work.
export default defineCommand({
  path: ['audit'],
  summary: 'Not built yet',
  examples: [],
  run: () => Promise.reject(new FshareError('FSHARE_NOT_BUILT', '`fshare audit` is not built yet.')),
});

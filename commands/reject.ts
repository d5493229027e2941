import { decisionSpec } from './accept.js';

export default decisionSpec('reject');

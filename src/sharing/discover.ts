// Moved to src/consumer/ (issue 10); this re-export keeps imports working until every user is updated.
export * from '../consumer/discover.js';

// Moved to src/consumer/ (issue 10); this re-export keeps imports working until every user is updated.
export * from '../consumer/invitations.js';
export * from '../consumer/selection.js';
export * from '../consumer/decisions.js';

/** An ISO 8601 instant's explicit offset: `2025-10-08T15:00:00-04:00` or `...Z` (query and body fields). */
export const INSTANT_WITH_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;

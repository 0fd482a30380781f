"""Council budgets: envelopes, itemised requests, review with recusal, decisions."""

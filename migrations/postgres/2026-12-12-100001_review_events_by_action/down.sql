DROP INDEX review_events_action;

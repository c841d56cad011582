DROP INDEX revisions_unrendered;

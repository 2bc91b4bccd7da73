// Forget change records older than $before (milliseconds): the log stays short.
MATCH (c:Change) WHERE c.at < $before
DELETE c

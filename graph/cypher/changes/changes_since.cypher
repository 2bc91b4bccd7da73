// The server's clock, and the change records written since $since (milliseconds), oldest first.
RETURN timestamp() AS now,
  COLLECT { MATCH (c:Change) WHERE c.at >= $since
            RETURN {id: c.id, at: c.at, topic: c.topic, orgs: c.orgs} AS v ORDER BY c.at } AS changes

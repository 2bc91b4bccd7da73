// Organisations the graph did not hold when the dataset was validated, created with
// their region (half the cost of merge_organisations). One created meanwhile is skipped
// here, and the count tells the loader to write the batch with merge_organisations.
UNWIND $rows AS r
WITH r WHERE NOT EXISTS { MATCH (:Organisation {id: r.id}) }
CREATE (o:Organisation {id: r.id})
SET o += r.props, o.created_at = datetime(), o.updated_at = datetime()
WITH o, r
MATCH (g:Region {id: r.props.region})
CREATE (o)-[:LOCATED_IN]->(g)
RETURN count(*) AS written

MATCH (h:Hub {id: $id})<-[:HOSTS]-(:Organisation {id: $org})
DETACH DELETE h

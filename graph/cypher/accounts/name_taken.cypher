// Whether a user name is taken by an account, or by a person of the network.
OPTIONAL MATCH (a:Account {id: $username})
OPTIONAL MATCH (p:Person {id: $username})
RETURN a IS NOT NULL AS account, p IS NOT NULL AS person

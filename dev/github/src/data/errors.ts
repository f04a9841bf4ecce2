/** A repository, pull request or other thing the control API names does not exist. */
export class NotFound extends Error {}

/** A name GitHub would refuse, or one already taken. */
export class RepoExists extends Error {}

/*
 * A faithful SUBSET of GitHub's public GraphQL schema (types, field and
 * argument names, default values and nullability copied verbatim, minus
 * descriptions and directives) so that a query written against this server
 * also validates against api.github.com. Extracted from the schema published
 * by octokit/graphql-schema (Feb 2025), plus the custom-property types that
 * GitHub documents for `Repository.repositoryCustomPropertyValues`, which came
 * later. Interfaces and union members not listed here are simply dropped, so
 * a fragment on e.g. `... on Issue` is a validation error here.
 */
export const githubSchemaSdl = /* GraphQL */ `
  type Query {
    node(id: ID!): Node
    nodes(ids: [ID!]!): [Node]!
    organization(login: String!): Organization
    rateLimit(dryRun: Boolean = false): RateLimit
    repository(
      followRenames: Boolean = true
      name: String!
      owner: String!
    ): Repository
    repositoryOwner(login: String!): RepositoryOwner
    search(
      after: String
      before: String
      first: Int
      last: Int
      query: String!
      type: SearchType!
    ): SearchResultItemConnection!
    user(login: String!): User
    viewer: User!
  }

  interface Node {
    id: ID!
  }

  interface Actor {
    avatarUrl(size: Int): URI!
    login: String!
    resourcePath: URI!
    url: URI!
  }

  interface RepositoryOwner {
    avatarUrl(size: Int): URI!
    id: ID!
    login: String!
    repositories(
      affiliations: [RepositoryAffiliation]
      after: String
      before: String
      first: Int
      hasIssuesEnabled: Boolean
      isArchived: Boolean
      isFork: Boolean
      isLocked: Boolean
      last: Int
      orderBy: RepositoryOrder
      ownerAffiliations: [RepositoryAffiliation] = [OWNER, COLLABORATOR]
      privacy: RepositoryPrivacy
      visibility: RepositoryVisibility
    ): RepositoryConnection!
    repository(followRenames: Boolean = true, name: String!): Repository
    resourcePath: URI!
    url: URI!
  }

  interface UniformResourceLocatable {
    resourcePath: URI!
    url: URI!
  }

  interface GitObject {
    abbreviatedOid: String!
    commitResourcePath: URI!
    commitUrl: URI!
    id: ID!
    oid: GitObjectID!
    repository: Repository!
  }

  type Organization implements Actor & Node & RepositoryOwner & UniformResourceLocatable {
    avatarUrl(size: Int): URI!
    createdAt: DateTime!
    databaseId: Int
    description: String
    email: String
    id: ID!
    login: String!
    membersWithRole(
      after: String
      before: String
      first: Int
      last: Int
    ): OrganizationMemberConnection!
    name: String
    repositories(
      affiliations: [RepositoryAffiliation]
      after: String
      before: String
      first: Int
      hasIssuesEnabled: Boolean
      isArchived: Boolean
      isFork: Boolean
      isLocked: Boolean
      last: Int
      orderBy: RepositoryOrder
      ownerAffiliations: [RepositoryAffiliation] = [OWNER, COLLABORATOR]
      privacy: RepositoryPrivacy
      visibility: RepositoryVisibility
    ): RepositoryConnection!
    repository(followRenames: Boolean = true, name: String!): Repository
    resourcePath: URI!
    team(slug: String!): Team
    teams(
      after: String
      before: String
      first: Int
      last: Int
      ldapMapped: Boolean
      notificationSetting: TeamNotificationSetting
      orderBy: TeamOrder
      privacy: TeamPrivacy
      query: String
      role: TeamRole
      rootTeamsOnly: Boolean = false
      userLogins: [String!]
    ): TeamConnection!
    updatedAt: DateTime!
    url: URI!
    websiteUrl: URI
  }

  type User implements Actor & Node & RepositoryOwner & UniformResourceLocatable {
    avatarUrl(size: Int): URI!
    bio: String
    company: String
    createdAt: DateTime!
    databaseId: Int
    email: String!
    id: ID!
    login: String!
    name: String
    organizationVerifiedDomainEmails(login: String!): [String!]!
    repositories(
      affiliations: [RepositoryAffiliation]
      after: String
      before: String
      first: Int
      hasIssuesEnabled: Boolean
      isArchived: Boolean
      isFork: Boolean
      isLocked: Boolean
      last: Int
      orderBy: RepositoryOrder
      ownerAffiliations: [RepositoryAffiliation] = [OWNER, COLLABORATOR]
      privacy: RepositoryPrivacy
      visibility: RepositoryVisibility
    ): RepositoryConnection!
    repository(followRenames: Boolean = true, name: String!): Repository
    resourcePath: URI!
    updatedAt: DateTime!
    url: URI!
  }

  type Repository implements Node & UniformResourceLocatable {
    archivedAt: DateTime
    branchProtectionRules(
      after: String
      before: String
      first: Int
      last: Int
    ): BranchProtectionRuleConnection!
    createdAt: DateTime!
    databaseId: Int
    defaultBranchRef: Ref
    description: String
    diskUsage: Int
    forkCount: Int!
    homepageUrl: URI
    id: ID!
    isArchived: Boolean!
    isDisabled: Boolean!
    isEmpty: Boolean!
    isFork: Boolean!
    isInOrganization: Boolean!
    isLocked: Boolean!
    isMirror: Boolean!
    isPrivate: Boolean!
    isTemplate: Boolean!
    name: String!
    nameWithOwner: String!
    object(expression: String, oid: GitObjectID): GitObject
    owner: RepositoryOwner!
    primaryLanguage: Language
    pullRequest(number: Int!): PullRequest
    pullRequests(
      after: String
      baseRefName: String
      before: String
      first: Int
      headRefName: String
      labels: [String!]
      last: Int
      orderBy: IssueOrder
      states: [PullRequestState!]
    ): PullRequestConnection!
    pushedAt: DateTime
    ref(qualifiedName: String!): Ref
    repositoryCustomPropertyValue(
      propertyName: String!
    ): RepositoryCustomPropertyValue
    repositoryCustomPropertyValues(
      after: String
      before: String
      first: Int
      last: Int
    ): RepositoryCustomPropertyValueConnection
    repositoryTopics(
      after: String
      before: String
      first: Int
      last: Int
    ): RepositoryTopicConnection!
    resourcePath: URI!
    sshUrl: GitSSHRemote!
    stargazerCount: Int!
    updatedAt: DateTime!
    url: URI!
    visibility: RepositoryVisibility!
  }

  type RepositoryConnection {
    edges: [RepositoryEdge]
    nodes: [Repository]
    pageInfo: PageInfo!
    totalCount: Int!
    totalDiskUsage: Int!
  }

  type RepositoryEdge {
    cursor: String!
    node: Repository
  }

  type PageInfo {
    endCursor: String
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
  }

  type Language implements Node {
    color: String
    id: ID!
    name: String!
  }

  type RepositoryTopicConnection {
    edges: [RepositoryTopicEdge]
    nodes: [RepositoryTopic]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type RepositoryTopicEdge {
    cursor: String!
    node: RepositoryTopic
  }

  type RepositoryTopic implements Node & UniformResourceLocatable {
    id: ID!
    resourcePath: URI!
    topic: Topic!
    url: URI!
  }

  type Topic implements Node {
    id: ID!
    name: String!
  }

  type Ref implements Node {
    branchProtectionRule: BranchProtectionRule
    id: ID!
    name: String!
    prefix: String!
    repository: Repository!
    target: GitObject
  }

  type Blob implements GitObject & Node {
    abbreviatedOid: String!
    byteSize: Int!
    commitResourcePath: URI!
    commitUrl: URI!
    id: ID!
    isBinary: Boolean
    isTruncated: Boolean!
    oid: GitObjectID!
    repository: Repository!
    text: String
  }

  type Tree implements GitObject & Node {
    abbreviatedOid: String!
    commitResourcePath: URI!
    commitUrl: URI!
    entries: [TreeEntry!]
    id: ID!
    oid: GitObjectID!
    repository: Repository!
  }

  type TreeEntry {
    extension: String
    isGenerated: Boolean!
    lineCount: Int
    mode: Int!
    name: String!
    object: GitObject
    oid: GitObjectID!
    path: String
    repository: Repository!
    size: Int!
    type: String!
  }

  type Commit implements GitObject & Node & UniformResourceLocatable {
    abbreviatedOid: String!
    author: GitActor
    authoredDate: DateTime!
    commitResourcePath: URI!
    commitUrl: URI!
    committedDate: DateTime!
    committer: GitActor
    id: ID!
    message: String!
    messageBody: String!
    messageHeadline: String!
    oid: GitObjectID!
    repository: Repository!
    resourcePath: URI!
    statusCheckRollup: StatusCheckRollup
    tree: Tree!
    url: URI!
  }

  type StatusCheckRollup {
    commit: Commit
    state: StatusState!
  }

  enum StatusState {
    ERROR
    EXPECTED
    FAILURE
    PENDING
    SUCCESS
  }

  type GitActor {
    avatarUrl(size: Int): URI!
    date: GitTimestamp
    email: String
    name: String
    user: User
  }

  type BranchProtectionRuleConnection {
    edges: [BranchProtectionRuleEdge]
    nodes: [BranchProtectionRule]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type BranchProtectionRuleEdge {
    cursor: String!
    node: BranchProtectionRule
  }

  type BranchProtectionRule implements Node {
    allowsDeletions: Boolean!
    allowsForcePushes: Boolean!
    databaseId: Int
    dismissesStaleReviews: Boolean!
    id: ID!
    isAdminEnforced: Boolean!
    pattern: String!
    repository: Repository
    requiredApprovingReviewCount: Int
    requiredStatusCheckContexts: [String]
    requiresApprovingReviews: Boolean!
    requiresCodeOwnerReviews: Boolean!
    requiresConversationResolution: Boolean!
    requiresLinearHistory: Boolean!
    requiresStatusChecks: Boolean!
    requiresStrictStatusChecks: Boolean!
  }

  type PullRequestConnection {
    edges: [PullRequestEdge]
    nodes: [PullRequest]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type PullRequestEdge {
    cursor: String!
    node: PullRequest
  }

  type PullRequest implements Node & UniformResourceLocatable {
    additions: Int!
    author: Actor
    baseRefName: String!
    baseRefOid: GitObjectID!
    body: String!
    changedFiles: Int!
    closed: Boolean!
    closedAt: DateTime
    createdAt: DateTime!
    deletions: Int!
    headRefName: String!
    headRefOid: GitObjectID!
    id: ID!
    isDraft: Boolean!
    labels(
      after: String
      before: String
      first: Int
      last: Int
      orderBy: LabelOrder = { field: CREATED_AT, direction: ASC }
    ): LabelConnection
    locked: Boolean!
    mergeable: MergeableState!
    merged: Boolean!
    mergedAt: DateTime
    number: Int!
    repository: Repository!
    resourcePath: URI!
    reviewDecision: PullRequestReviewDecision
    reviewRequests(
      after: String
      before: String
      first: Int
      last: Int
    ): ReviewRequestConnection
    reviews(
      after: String
      author: String
      before: String
      first: Int
      last: Int
      states: [PullRequestReviewState!]
    ): PullRequestReviewConnection
    state: PullRequestState!
    title: String!
    updatedAt: DateTime!
    url: URI!
  }

  type LabelConnection {
    edges: [LabelEdge]
    nodes: [Label]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type LabelEdge {
    cursor: String!
    node: Label
  }

  type Label implements Node {
    color: String!
    createdAt: DateTime
    description: String
    id: ID!
    isDefault: Boolean!
    name: String!
    resourcePath: URI!
    updatedAt: DateTime
    url: URI!
  }

  type ReviewRequestConnection {
    edges: [ReviewRequestEdge]
    nodes: [ReviewRequest]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type ReviewRequestEdge {
    cursor: String!
    node: ReviewRequest
  }

  type ReviewRequest implements Node {
    asCodeOwner: Boolean!
    databaseId: Int
    id: ID!
    pullRequest: PullRequest!
    requestedReviewer: RequestedReviewer
  }

  type PullRequestReviewConnection {
    edges: [PullRequestReviewEdge]
    nodes: [PullRequestReview]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type PullRequestReviewEdge {
    cursor: String!
    node: PullRequestReview
  }

  type PullRequestReview implements Node {
    author: Actor
    body: String!
    createdAt: DateTime!
    id: ID!
    pullRequest: PullRequest!
    repository: Repository!
    resourcePath: URI!
    state: PullRequestReviewState!
    submittedAt: DateTime
    updatedAt: DateTime!
    url: URI!
  }

  type Team implements Node {
    avatarUrl(size: Int = 400): URI
    childTeams(
      after: String
      before: String
      first: Int
      immediateOnly: Boolean = true
      last: Int
      orderBy: TeamOrder
      userLogins: [String!]
    ): TeamConnection!
    combinedSlug: String!
    createdAt: DateTime!
    databaseId: Int
    description: String
    editTeamResourcePath: URI!
    editTeamUrl: URI!
    id: ID!
    members(
      after: String
      before: String
      first: Int
      last: Int
      membership: TeamMembershipType = ALL
      orderBy: TeamMemberOrder
      query: String
      role: TeamMemberRole
    ): TeamMemberConnection!
    name: String!
    organization: Organization!
    parentTeam: Team
    privacy: TeamPrivacy!
    repositories(
      after: String
      before: String
      first: Int
      last: Int
      orderBy: TeamRepositoryOrder
      query: String
    ): TeamRepositoryConnection!
    resourcePath: URI!
    slug: String!
    updatedAt: DateTime!
    url: URI!
  }

  type OrganizationMemberConnection {
    edges: [OrganizationMemberEdge]
    nodes: [User]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type OrganizationMemberEdge {
    cursor: String!
    hasTwoFactorEnabled: Boolean
    node: User
    role: OrganizationMemberRole
  }

  enum OrganizationMemberRole {
    ADMIN
    MEMBER
  }

  type TeamConnection {
    edges: [TeamEdge]
    nodes: [Team]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type TeamEdge {
    cursor: String!
    node: Team
  }

  type TeamMemberConnection {
    edges: [TeamMemberEdge]
    nodes: [User]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type TeamMemberEdge {
    cursor: String!
    memberAccessResourcePath: URI!
    memberAccessUrl: URI!
    node: User!
    role: TeamMemberRole!
  }

  type TeamRepositoryConnection {
    edges: [TeamRepositoryEdge]
    nodes: [Repository]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type TeamRepositoryEdge {
    cursor: String!
    node: Repository!
    permission: RepositoryPermission!
  }

  type SearchResultItemConnection {
    codeCount: Int!
    discussionCount: Int!
    edges: [SearchResultItemEdge]
    issueCount: Int!
    nodes: [SearchResultItem]
    pageInfo: PageInfo!
    repositoryCount: Int!
    userCount: Int!
    wikiCount: Int!
  }

  type SearchResultItemEdge {
    cursor: String!
    node: SearchResultItem
  }

  type RateLimit {
    cost: Int!
    limit: Int!
    nodeCount: Int!
    remaining: Int!
    resetAt: DateTime!
    used: Int!
  }

  type Bot implements Actor & Node & UniformResourceLocatable {
    avatarUrl(size: Int): URI!
    createdAt: DateTime!
    databaseId: Int
    id: ID!
    login: String!
    resourcePath: URI!
    updatedAt: DateTime!
    url: URI!
  }

  union SearchResultItem = Organization | PullRequest | Repository | User

  union RequestedReviewer = Team | User

  enum SearchType {
    DISCUSSION
    ISSUE
    REPOSITORY
    USER
  }

  scalar URI

  enum RepositoryAffiliation {
    COLLABORATOR
    ORGANIZATION_MEMBER
    OWNER
  }

  input RepositoryOrder {
    direction: OrderDirection!
    field: RepositoryOrderField!
  }

  enum RepositoryPrivacy {
    PRIVATE
    PUBLIC
  }

  enum RepositoryVisibility {
    INTERNAL
    PRIVATE
    PUBLIC
  }

  scalar GitObjectID

  scalar DateTime

  enum TeamNotificationSetting {
    NOTIFICATIONS_DISABLED
    NOTIFICATIONS_ENABLED
  }

  input TeamOrder {
    direction: OrderDirection!
    field: TeamOrderField!
  }

  enum TeamPrivacy {
    SECRET
    VISIBLE
  }

  enum TeamRole {
    ADMIN
    MEMBER
  }

  input IssueOrder {
    direction: OrderDirection!
    field: IssueOrderField!
  }

  enum PullRequestState {
    CLOSED
    MERGED
    OPEN
  }

  scalar GitSSHRemote

  scalar GitTimestamp

  input LabelOrder {
    direction: OrderDirection!
    field: LabelOrderField!
  }

  enum MergeableState {
    CONFLICTING
    MERGEABLE
    UNKNOWN
  }

  enum PullRequestReviewDecision {
    APPROVED
    CHANGES_REQUESTED
    REVIEW_REQUIRED
  }

  enum PullRequestReviewState {
    APPROVED
    CHANGES_REQUESTED
    COMMENTED
    DISMISSED
    PENDING
  }

  enum TeamMembershipType {
    ALL
    CHILD_TEAM
    IMMEDIATE
  }

  input TeamMemberOrder {
    direction: OrderDirection!
    field: TeamMemberOrderField!
  }

  enum TeamMemberRole {
    MAINTAINER
    MEMBER
  }

  input TeamRepositoryOrder {
    direction: OrderDirection!
    field: TeamRepositoryOrderField!
  }

  enum RepositoryPermission {
    ADMIN
    MAINTAIN
    READ
    TRIAGE
    WRITE
  }

  enum OrderDirection {
    ASC
    DESC
  }

  enum RepositoryOrderField {
    CREATED_AT
    NAME
    PUSHED_AT
    STARGAZERS
    UPDATED_AT
  }

  enum TeamOrderField {
    NAME
  }

  enum IssueOrderField {
    COMMENTS
    CREATED_AT
    UPDATED_AT
  }

  enum LabelOrderField {
    CREATED_AT
    NAME
  }

  enum TeamMemberOrderField {
    CREATED_AT
    LOGIN
  }

  enum TeamRepositoryOrderField {
    CREATED_AT
    NAME
    PERMISSION
    PUSHED_AT
    STARGAZERS
    UPDATED_AT
  }

  scalar CustomPropertyValue

  type RepositoryCustomPropertyValue {
    propertyName: String!
    value: CustomPropertyValue!
  }

  type RepositoryCustomPropertyValueConnection {
    edges: [RepositoryCustomPropertyValueEdge]
    nodes: [RepositoryCustomPropertyValue]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type RepositoryCustomPropertyValueEdge {
    cursor: String!
    node: RepositoryCustomPropertyValue
  }
`;

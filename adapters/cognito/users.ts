import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  type CognitoIdentityProviderClient,
  InitiateAuthCommand,
  paginateListUsers,
  paginateListUsersInGroup,
} from '@aws-sdk/client-cognito-identity-provider';

import { GROUPS, GROUPS_OF, type Role, roleOf } from '../../domain/roles.ts';

export { GROUPS, GROUPS_OF, ROLES, type Role, roleOf } from '../../domain/roles.ts';

/**
 * The people who sign in, in a Cognito user pool (Amazon Cognito in AWS, the cognito-local
 * stand-in locally); their role is a group (domain/roles.ts).
 */
export interface PoolUser {
  email: string;
  role: Role | null;
  status: string;
}

export class UserPool {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    readonly userPoolId: string,
    /**
     * Whether the pool ends a user's sessions (AdminUserGlobalSignOut): Amazon Cognito does; the
     * local stand-in has no such call (there the table's record of signed-out tokens, and the
     * role asked of the pool at each change, do the work).
     */
    private readonly options: { globalSignOut: boolean } = { globalSignOut: true },
  ) {}

  /**
   * Ends every session of the user: Cognito revokes their refresh tokens, and their access
   * tokens no longer work at Cognito itself (the scheduler also asks who they are at each change).
   */
  async signOutEverywhere(email: string): Promise<void> {
    if (!this.options.globalSignOut) return;
    try {
      await this.client.send(
        new AdminUserGlobalSignOutCommand({ UserPoolId: this.userPoolId, Username: email.toLowerCase() }),
      );
    } catch (err) {
      if ((err as Error).name !== 'UserNotFoundException') throw err;
    }
  }

  /**
   * Adds a user in a role. In AWS, Cognito emails them an invitation with a temporary password;
   * with `password`, that password is set as permanent instead (the local stand-in's seeding).
   */
  async add(email: string, role: Role, password?: string): Promise<void> {
    const username = email.toLowerCase();
    await this.client.send(
      new AdminCreateUserCommand({
        UserPoolId: this.userPoolId,
        Username: username,
        UserAttributes: [
          { Name: 'email', Value: username },
          { Name: 'email_verified', Value: 'true' },
        ],
        DesiredDeliveryMediums: password ? [] : ['EMAIL'],
        ...(password ? { MessageAction: 'SUPPRESS' } : {}),
      }),
    );
    if (password)
      await this.client.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: this.userPoolId,
          Username: username,
          Password: password,
          Permanent: true,
        }),
      );
    for (const group of GROUPS_OF[role])
      await this.client.send(
        new AdminAddUserToGroupCommand({ UserPoolId: this.userPoolId, Username: username, GroupName: group }),
      );
  }

  /** Gives a user another role: the groups of that role, and no others. */
  async setRole(email: string, role: Role): Promise<void> {
    const Username = email.toLowerCase();
    for (const group of GROUPS)
      await this.client.send(
        GROUPS_OF[role].includes(group)
          ? new AdminAddUserToGroupCommand({ UserPoolId: this.userPoolId, Username, GroupName: group })
          : new AdminRemoveUserFromGroupCommand({ UserPoolId: this.userPoolId, Username, GroupName: group }),
      );
  }

  /** Removes a user, signing them out everywhere first: nothing they hold works after. */
  async remove(email: string): Promise<void> {
    await this.signOutEverywhere(email);
    await this.client.send(
      new AdminDeleteUserCommand({ UserPoolId: this.userPoolId, Username: email.toLowerCase() }),
    );
  }

  /**
   * The role a user has now (null: removed, disabled, or in no group): what a calendar feed,
   * which has no token, is served by.
   */
  async roleNow(email: string): Promise<Role | null> {
    const Username = email.toLowerCase();
    try {
      const user = await this.client.send(new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username }));
      if (user.Enabled === false) return null;
      const groups = await this.client.send(
        new AdminListGroupsForUserCommand({ UserPoolId: this.userPoolId, Username }),
      );
      return roleOf((groups.Groups ?? []).map((g) => g.GroupName!));
    } catch (err) {
      if ((err as Error).name === 'UserNotFoundException') return null;
      throw err;
    }
  }

  /** Every user, with the role their groups give, in email order. */
  async list(): Promise<PoolUser[]> {
    // One listing per group, not a look-up per user: whoever is in which group, then everyone.
    const groupsOf = new Map<string, string[]>();
    for (const group of GROUPS)
      for await (const page of paginateListUsersInGroup(
        { client: this.client },
        { UserPoolId: this.userPoolId, GroupName: group },
      ))
        for (const u of page.Users ?? [])
          groupsOf.set(u.Username!, [...(groupsOf.get(u.Username!) ?? []), group]);
    const users: PoolUser[] = [];
    for await (const page of paginateListUsers({ client: this.client }, { UserPoolId: this.userPoolId }))
      for (const u of page.Users ?? [])
        users.push({
          email: u.Attributes?.find((a) => a.Name === 'email')?.Value ?? u.Username ?? '',
          role: roleOf(groupsOf.get(u.Username!) ?? []),
          status: u.UserStatus ?? 'UNKNOWN',
        });
    return users.sort((a, b) => a.email.localeCompare(b.email));
  }

  /** An access token for a user and password (USER_PASSWORD_AUTH: the local stack's sign-in). */
  async accessToken(clientId: string, email: string, password: string): Promise<string> {
    return (await this.signIn(clientId, email, password)).accessToken;
  }

  /** Signs a user in with a password: their access token and how many seconds it lasts. */
  async signIn(
    clientId: string,
    email: string,
    password: string,
  ): Promise<{ accessToken: string; expiresIn: number }> {
    const out = await this.client.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email.toLowerCase(), PASSWORD: password },
      }),
    );
    const token = out.AuthenticationResult?.AccessToken;
    if (!token) throw new Error(`no token for ${email}: the pool asked for ${out.ChallengeName ?? 'more'}`);
    return { accessToken: token, expiresIn: out.AuthenticationResult?.ExpiresIn ?? 3600 };
  }
}

/** Who acts on a case (the auth library's Actor fits). */
export interface CaseActor {
  userId: string;
  organisationId: string;
  has(...roles: ('counsellor' | 'lead' | 'org_admin' | 'coordinator')[]): boolean;
}

import { z } from 'zod';

/** Roles come from the database (`user_roles` → `roles.name`); the strongest one in an org counts. */
export const roleNames = ['super_admin', 'owner', 'member'] as const;
export type RoleName = (typeof roleNames)[number];

/** `GET /me`: who the caller is in the org they act in; the web app hides what the role cannot do. */
export const MeSchema = z.object({
  userId: z.number().int(),
  email: z.string(),
  orgId: z.number().int(),
  role: z.enum(roleNames),
  orgIds: z.array(z.number().int()),
  /** Orgs the user may switch to, with names: their memberships, or every org for a super_admin. */
  orgs: z.array(z.object({ id: z.number().int(), name: z.string() })),
  permissions: z.object({
    ingest: z.boolean(),
    viewFullArtifacts: z.boolean(),
    manageSettings: z.boolean(),
    readAllOrgs: z.boolean(),
  }),
});
export type Me = z.infer<typeof MeSchema>;

/** `GET /auth/sign-in?token=` (demo mode): the one-click link printed at start-up. */
export const SignInLinkQuerySchema = z.object({ token: z.string().min(1).max(4096) });

/** `POST /auth/session`: a pasted JWT becomes the httpOnly session cookie (answers 204). */
export const SessionRequestSchema = z.object({ token: z.string().min(1).max(4096) });
export type SessionRequest = z.infer<typeof SessionRequestSchema>;

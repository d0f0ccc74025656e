import { describe, expect, it } from 'vitest';
import { signInLinkProblem } from './sign-in-link.ts';

describe('signInLinkProblem', () => {
  it('says in words why the server refused the link', () => {
    expect(signInLinkProblem('?error=expired')).toMatch(/^That sign-in link has expired\./);
    expect(signInLinkProblem('?error=invalid')).toMatch(/^That sign-in link is not valid/);
    expect(signInLinkProblem('error=missing')).toMatch(/has no token in it/);
  });

  it('says nothing without a reason the server sends', () => {
    expect(signInLinkProblem('')).toBeUndefined();
    expect(signInLinkProblem('?error=')).toBeUndefined();
    expect(signInLinkProblem('?error=<script>')).toBeUndefined();
    expect(signInLinkProblem('?error=toString')).toBeUndefined();
  });
});

// Usernames apart from display names: the rules, the migration that gives every existing member
// one (on a database whose names collide once made into usernames), and mentions by username.
import { Migrator } from 'kysely/migration';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../db/migrations/index.ts';
import * as usernamesMigration from '../../../db/migrations/2026_12_05_0001_usernames.ts';
import { createOrPromoteUser } from '../../../src/lib/auth/accounts.ts';
import { nameSkeleton } from '../../../src/lib/auth/names.ts';
import { cleanUsername, usernameFrom, usernameSkeleton } from '../../../src/lib/auth/usernames.ts';
import { openDatabase, type Db } from '../../../src/lib/db/index.ts';
import { saveCategory } from '../../../src/lib/forum/categories.ts';
import { mentionCandidates, previewPost, renderPost } from '../../../src/lib/forum/mentions.ts';
import { createThread } from '../../../src/lib/forum/threads.ts';
import { setSetting } from '../../../src/lib/settings.ts';
import { testDb, testUser } from '../helpers.ts';

let db: Db;
afterEach(async () => db?.destroy());

describe('username rules', () => {
  it('takes letters of one alphabet, digits and _ . -, and says what is wrong otherwise', () => {
    expect(cleanUsername('sara_k')).toEqual({ username: 'sara_k', skeleton: usernameSkeleton('sara_k') });
    expect(cleanUsername(' @علی_رضایی ')).toMatchObject({ username: 'علی_رضایی' });
    expect(cleanUsername('Мария.Автор')).toMatchObject({ username: 'Мария.Автор' });
    expect(cleanUsername('کاربر۱۲')).toMatchObject({ username: 'کاربر12' }); // Persian digits become 0-9
    expect(cleanUsername('علی\u200Cرضا')).toMatchObject({ username: 'علیرضا' }); // ZWNJ is invisible: dropped
    expect(cleanUsername('a')).toEqual({ problem: 'tooShort' });
    expect(cleanUsername('a'.repeat(25))).toEqual({ problem: 'tooLong' });
    expect(cleanUsername('jane doe')).toEqual({ problem: 'characters' });
    expect(cleanUsername('jane!')).toEqual({ problem: 'characters' });
    expect(cleanUsername('_jane')).toEqual({ problem: 'edges' });
    expect(cleanUsername('jane.')).toEqual({ problem: 'edges' });
    expect(cleanUsername('jane__doe')).toEqual({ problem: 'symbolRun' });
    expect(cleanUsername('2024')).toEqual({ problem: 'noLetters' });
    expect(cleanUsername('pаypal')).toEqual({ problem: 'mixedScripts' }); // Cyrillic а
    expect(cleanUsername('sara_سارا')).toEqual({ problem: 'mixedScripts' });
  });

  it('compares case- and look-alike-insensitively, as names are compared', () => {
    expect(usernameSkeleton('Sara_K')).toBe(usernameSkeleton('sara_k'));
    expect(usernameSkeleton('علي')).toBe(usernameSkeleton('علی')); // Arabic ي, Persian ی
    expect(usernameSkeleton('Ivan')).not.toBe(usernameSkeleton('Иван'));
  });

  it('makes a valid username out of any display name', () => {
    expect(usernameFrom('Jane Doe')).toBe('Jane_Doe');
    expect(usernameFrom('علی رضایی')).toBe('علی_رضایی');
    expect(usernameFrom("O'Brien - the  2nd")).toBe('OBrien_the_2nd');
    expect(usernameFrom('Sara Иванова')).toBe('Sara');
    expect(usernameFrom('👩‍💻a')).toBe('member');
    expect(usernameFrom('Alexander Hamilton-Smith the Third')).toBe('Alexander_Hamilton-Smith');
  });
});

describe('migration 2026_12_05_0001_usernames', () => {
  /** A database as it was before usernames, with the users in `names`. */
  async function before(names: string[]): Promise<Db> {
    const handle = openDatabase(':memory:');
    const migrator = new Migrator({ db: handle, provider: { getMigrations: async () => migrations } });
    const result = await migrator.migrateTo('2026_12_04_0002_table_align_classes');
    if (result.error) throw result.error;
    for (const [i, name] of names.entries()) {
      await (handle as Db)
        .insertInto('users')
        // The old schema: display name and its unique skeleton only.
        .values({
          email: `u${i}@example.com`,
          password_hash: 'x',
          display_name: name,
          name_skeleton: nameSkeleton(name),
        } as never)
        .execute();
    }
    return handle;
  }

  const colliding = [
    'Jane Doe',
    'Jane_Doe', // both make Jane_Doe
    'jane doe!', // a third: same username once compared case-insensitively
    'علی رضایی',
    'علي_رضايي', // Arabic yeh: looks the same as the one above
    "O'Brien",
    'OBrien',
    '👩‍💻a',
    '🙂b', // both have nothing usable: member, member2
    'Alexander Hamilton-Smith One',
    'Alexander Hamilton-Smith Two', // the same first 24 characters
    'کاربر ۱۲',
  ];

  it('gives every member a unique, valid username made from their name, numbered on collision', async () => {
    db = await before(colliding);
    await usernamesMigration.up(db);
    const rows = await db
      .selectFrom('users')
      .select(['username', 'username_skeleton', 'display_name', 'name_skeleton'])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.username)).toEqual([
      'Jane_Doe',
      'Jane_Doe2',
      'jane_doe3',
      'علی_رضایی',
      'علي_رضايي2',
      'OBrien',
      'OBrien2',
      'member',
      'member2',
      'Alexander_Hamilton-Smith',
      'Alexander_Hamilton-Smit2',
      'کاربر_12',
    ]);
    for (const row of rows) {
      // Valid by today's rules, with the skeleton the app computes, and the display name kept.
      expect(cleanUsername(row.username)).toEqual({ username: row.username, skeleton: row.username_skeleton });
      expect(row.name_skeleton).toBe(nameSkeleton(row.display_name));
    }
    expect(new Set(rows.map((r) => r.username_skeleton)).size).toBe(rows.length);
    expect(rows.map((r) => r.display_name)).toEqual(colliding);
  });

  it('lets a second member with the same display name join afterwards, and not a look-alike username', async () => {
    db = await before(['Jane Doe']);
    await usernamesMigration.up(db);
    const second = await createOrPromoteUser(db, {
      email: 'jane2@example.com',
      role: 'member',
      name: 'Jane Doe',
      password: 'a long password 1',
    });
    expect(second).toMatchObject({ created: true, username: 'Jane_Doe2' });
    await expect(
      createOrPromoteUser(db, {
        email: 'x@example.com',
        role: 'member',
        username: 'JANE_DOE',
        name: 'X Y',
        password: 'a long password 1',
      }),
    ).rejects.toThrow('Username refused: taken');
  });

  it('goes down while display names are still unique, and refuses to when two members share one', async () => {
    db = await before(['Jane Doe', 'Jane_Doe']);
    await usernamesMigration.up(db);
    await usernamesMigration.down(db);
    const old = (await db.selectFrom('users').selectAll().orderBy('id').execute()) as unknown as Record<
      string,
      unknown
    >[];
    expect(old.map((r) => [r.display_name, r.name_skeleton, 'username' in r])).toEqual([
      ['Jane Doe', nameSkeleton('Jane Doe'), false],
      ['Jane_Doe', nameSkeleton('Jane_Doe'), false],
    ]);
    await usernamesMigration.up(db);
    await createOrPromoteUser(db, {
      email: 'jane3@example.com',
      role: 'member',
      name: 'Jane Doe',
      password: 'a long password 1',
    });
    await expect(usernamesMigration.down(db)).rejects.toThrow('share a display name');
  });
});

describe('mentions by username', () => {
  async function forum() {
    db = await testDb();
    await setSetting(db, 'trust.holdFirstPosts', 0);
    const category = await saveCategory(db, 'system', {
      slug: 'general',
      titles: { fa: 'عمومی', ru: 'Общее', en: 'General' },
      position: 1,
    });
    const post = async (user: Awaited<ReturnType<typeof testUser>>, title: string) =>
      createThread(
        db,
        user,
        { locale: 'en', categoryId: category.id, title, body: 'A question long enough to post.' },
        Date.parse('2026-11-20T10:00:00Z'),
      );
    return { post };
  }

  it('links a member with a visible post, writes a member who never posted as plain @username, and still notifies both', async () => {
    const { post } = await forum();
    const poster = await testUser(db, 'Poster');
    const lurker = await testUser(db, 'Lurker');
    await post(poster, 'A question from the poster');
    const posterName = (
      await db.selectFrom('users').select('username').where('id', '=', poster.id).executeTakeFirstOrThrow()
    ).username;
    const lurkerName = (
      await db.selectFrom('users').select('username').where('id', '=', lurker.id).executeTakeFirstOrThrow()
    ).username;
    const { html, mentionedUserIds } = await renderPost(
      db,
      'en',
      `Ask @${posterName.toUpperCase()} or @${lurkerName}.`,
    );
    expect(html).toBe(
      `<p dir="auto">Ask <a href="/en/community/u/${poster.id}/" class="mention" dir="auto" rel="nofollow ugc noopener">@${posterName}</a> or <bdi>@${lurkerName}</bdi>.</p>`,
    );
    expect(mentionedUserIds.sort()).toEqual([poster.id, lurker.id].sort());
  });

  it('points out, in the preview, a mention that matches nobody', async () => {
    await forum();
    const sara = await createOrPromoteUser(db, {
      email: 's@example.com',
      role: 'member',
      username: 'sara_k',
      name: 'Sara',
      password: 'a long password 1',
    });
    const preview = await previewPost(
      db,
      'fa',
      'سلام @sara_k و @nobody_here و @[Nobody Else]',
      (names) => `هیچ عضوی با نام کاربری ${names} نیست`,
    );
    expect(preview.unknown).toEqual(['@nobody_here', '@Nobody Else']);
    expect(preview.html).toMatch(
      /^<p class="mention-note" dir="auto">هیچ عضوی با نام کاربری <bdi>@nobody_here<\/bdi> و <bdi>@Nobody Else<\/bdi> نیست<\/p>/,
    );
    expect(preview.html).toContain('<mark class="mention-unknown" dir="auto">@nobody_here</mark>');
    expect(preview.html).toContain('<mark class="mention-unknown" dir="auto">@[Nobody Else]</mark>');
    expect(preview.html).toContain('@sara_k'); // known: not marked (plain, as Sara has not posted)
    expect(preview.html).not.toContain('<mark class="mention-unknown" dir="auto">@sara_k');
    // The stored post never carries the marks.
    expect((await renderPost(db, 'fa', '@nobody_here')).html).toBe('<p dir="auto"><bdi>@nobody_here</bdi></p>');
    expect(sara.username).toBe('sara_k');
  });

  it('finds members to mention by username or display name prefix, look-alike-insensitively, without emails or members who never posted', async () => {
    const { post } = await forum();
    await createOrPromoteUser(db, {
      email: 'ali@example.com',
      role: 'member',
      username: 'علی_رضایی',
      name: 'علی رضایی',
      password: 'a long password 1',
    });
    await createOrPromoteUser(db, {
      email: 'ali2@example.com',
      role: 'member',
      username: 'ali_r',
      name: 'علی رضایی',
      password: 'a long password 1',
    });
    await createOrPromoteUser(db, {
      email: 'jane@example.com',
      role: 'member',
      username: 'jane.doe',
      name: 'Jane Doe',
      password: 'a long password 1',
    });
    await createOrPromoteUser(db, {
      email: 'lurker@example.com',
      role: 'member',
      username: 'jane_lurks',
      name: 'Jane Lurker',
      password: 'a long password 1',
    });
    const users = await db.selectFrom('users').select(['id', 'username', 'role', 'trust_level']).execute();
    for (const user of users.filter((u) => u.username !== 'jane_lurks')) {
      await post(
        {
          id: user.id,
          email: '',
          emailVerified: true,
          displayName: user.username,
          role: user.role,
          trustLevel: 1,
          locale: 'en',
          suspendedUntil: null,
          silencedUntil: null,
        },
        `A question from ${user.username}`,
      );
    }
    // Arabic keyboard ي finds the Persian ی, by username and by display name.
    expect(await mentionCandidates(db, 'علي')).toEqual([
      { username: 'ali_r', name: 'علی رضایی' },
      { username: 'علی_رضایی', name: 'علی رضایی' },
    ]);
    expect(await mentionCandidates(db, 'JA')).toEqual([{ username: 'jane.doe', name: 'Jane Doe' }]);
    expect(await mentionCandidates(db, 'jаne')).toEqual([{ username: 'jane.doe', name: 'Jane Doe' }]); // Cyrillic а
    expect(await mentionCandidates(db, 'jane_l')).toEqual([]); // never posted: not listed
    const jane = users.find((u) => u.username === 'jane.doe')!;
    expect(await mentionCandidates(db, 'jane', { exceptUserId: jane.id })).toEqual([]);
    expect(await mentionCandidates(db, '')).toEqual([]);
    expect(JSON.stringify(await mentionCandidates(db, 'a'))).not.toContain('@example.com');
  });
});

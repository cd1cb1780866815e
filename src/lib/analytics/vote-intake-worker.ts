// The thread of ./vote-intake-thread.ts: one database handle and one VoteIntake.
import { parentPort, workerData } from 'node:worker_threads';
import { builtArticleCheck } from '../content/built-articles.ts';
import { openDatabase } from '../db/index.ts';
import { createVoteIntake } from './vote-intake.ts';
import type { VoteIntakeThreadOptions, VoteReplyMessage, VoteRequestMessage } from './vote-intake-thread.ts';

const { database, clientDir } = workerData as VoteIntakeThreadOptions;
// Batches are written one transaction at a time: on Postgres two connections are plenty.
const intake = createVoteIntake(openDatabase(database, { poolSize: 2 }), { isPublished: builtArticleCheck(clientDir) });
// One reply per batch, when all its votes are settled (they share one transaction anyway).
parentPort!.on('message', (message: string) => {
  void Promise.all(
    (JSON.parse(message) as VoteRequestMessage).map(({ id, submission }) =>
      intake.submit(submission).then(
        (outcome): VoteReplyMessage[number] => ({ id, outcome }),
        (error: unknown): VoteReplyMessage[number] => ({ id, error: String(error) }),
      ),
    ),
  ).then((replies: VoteReplyMessage) => parentPort!.postMessage(JSON.stringify(replies)));
});

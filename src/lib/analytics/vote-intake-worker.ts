// The thread of ./vote-intake-thread.ts: one database handle and one VoteIntake, answering
// each batch of submissions as their outcomes come in.
import { parentPort, workerData } from 'node:worker_threads';
import { builtArticleCheck } from '../content/built-articles.ts';
import { openDatabase } from '../db/index.ts';
import { createVoteIntake } from './vote-intake.ts';
import type { VoteIntakeThreadOptions, VoteReplyMessage, VoteRequestMessage } from './vote-intake-thread.ts';

const { databasePath, clientDir } = workerData as VoteIntakeThreadOptions;
const intake = createVoteIntake(openDatabase(databasePath), { isPublished: builtArticleCheck(clientDir) });
let replies: VoteReplyMessage = [];

function reply(message: VoteReplyMessage[number]): void {
  if (!replies.length) {
    setImmediate(() => {
      const batch = replies;
      replies = [];
      parentPort!.postMessage(batch);
    });
  }
  replies.push(message);
}

parentPort!.on('message', (batch: VoteRequestMessage) => {
  for (const { id, submission } of batch) {
    intake.submit(submission).then(
      (outcome) => reply({ id, outcome }),
      (error: unknown) => reply({ id, error: String(error) }),
    );
  }
});

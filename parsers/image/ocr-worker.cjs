// tesseract.js's worker thread (tesseract.js/src/worker-script/node), without its progress
// messages: the engine reports its progress a few times in every recognition, and each report is
// a message to the main thread that nothing here listens to (the pool passes no logger). Every
// other message (results, errors) goes as before. Measured on the gold's crops (one worker, the
// same TSV): a typed value's single-line reading 5.2–5.4 → 4.5–4.9 ms of CPU, a block of text
// 102 → 98 ms.
"use strict";
const { parentPort } = require("node:worker_threads");

const post = parentPort.postMessage.bind(parentPort);
parentPort.postMessage = (message) => {
	if (message?.status !== "progress") post(message);
};
require("tesseract.js/src/worker-script/node/index.js");

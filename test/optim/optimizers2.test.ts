import { checkOptimCase, optimCaseNames } from "../helpers/optim_fixture.ts";
for (const name of optimCaseNames().filter((n) => /^(rmsprop|adagrad|adadelta|adamax|nadam|radam|sched|addgroup)/.test(n))) checkOptimCase(name);

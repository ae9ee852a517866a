-- What governance knows of eval-service's suites (suite.registered): the latest version of each and the dataset
-- version it reads, so a new version of that dataset puts the use cases measured by the suite under review.
CREATE TABLE suite_fact (
    project         VARCHAR(63)  NOT NULL,
    name            VARCHAR(200) NOT NULL,
    version         INTEGER      NOT NULL,
    dataset         VARCHAR(200) NOT NULL,
    dataset_version INTEGER      NOT NULL,
    PRIMARY KEY (project, name)
);

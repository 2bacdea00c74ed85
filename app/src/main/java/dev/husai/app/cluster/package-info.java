/**
 * A sweep shared by many machines through Kafka: a coordinator publishes the grid's groups to a work topic, any
 * number of workers in one consumer group claim them, train them and send back each group's directory (snapshots
 * and summary) in one Kafka transaction together with the work item's offset, so that a group whose worker dies is
 * taken over by another and none is lost or done twice; the coordinator writes the same sweep directory a local
 * sweep writes. See docs/operations.md "A sweep on many machines".
 */
package dev.husai.app.cluster;

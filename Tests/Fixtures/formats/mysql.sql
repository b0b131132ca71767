-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
/*!40101 SET NAMES utf8mb4 */;
DROP TABLE IF EXISTS `log`;
CREATE TABLE `log` (`id` int, `msg` text);
INSERT INTO `log` VALUES (1,'a; b \'c\''),(2,NULL);
CREATE TABLE `hoso` (
  `ma` varchar(20) NOT NULL,
  `ten` varchar(100),
  `ngay` date
);
LOCK TABLES `hoso` WRITE;
INSERT INTO `hoso` VALUES ('SQL-1','Phạm Thị D\'Ân','2019-03-10'),('SQL-2','Ngô Văn Bảy','2019-03-11');
UNLOCK TABLES;
